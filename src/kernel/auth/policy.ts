import type { StaffRole, User } from './users.ts';

export type Decision = 'allow' | 'login' | 'deny';

/** Who may use a route. Every route declares one; the shell checks it before the handler runs. */
export interface Policy {
  readonly name: string;
  check(user: User | undefined): Decision;
}

export const policies = {
  /** Anyone, signed in or not. */
  public: { name: 'public', check: () => 'allow' } as Policy,
  /** A citizen with an account of this municipality. */
  citizen: {
    name: 'citizen',
    check: (u) => (!u ? 'login' : u.kind === 'citizen' ? 'allow' : 'deny'),
  } as Policy,
  /** Staff of this municipality holding at least one of the roles (any staff when none are named). */
  staff(...roles: StaffRole[]): Policy {
    return {
      name: roles.length ? `staff:${roles.join('|')}` : 'staff',
      check: (u) =>
        !u ? 'login' : u.kind === 'staff' && (roles.length === 0 || roles.some((r) => u.roles.includes(r))) ? 'allow' : 'deny',
    };
  },
  /** The Zweckverband's operators (platform area only). */
  operator: { name: 'operator', check: (u) => (!u ? 'login' : u.kind === 'operator' ? 'allow' : 'deny') } as Policy,
} as const;
