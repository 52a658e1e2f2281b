// The kernel's public surface for modules. Modules import from here, never from kernel internals.
export type { Config } from './config/config.ts';
export type { Db, Queryable, Tx } from './db/db.ts';
export { sql, type Sql } from './db/sql.ts';
export type { Clock } from './clock.ts';
export { audit, type AuditEntry, type ActorKind } from './audit/audit.ts';
export { policies, type Policy } from './auth/policy.ts';
export { hashPassword, verifyPassword, passwordProblem } from './auth/password.ts';
export { createUserToken, destroyOtherSessions, LEVEL_RANK, type IdentityLevel } from './auth/sessions.ts';
export { oidcProviderOf, setOidcProvider, type OidcProviderConfig } from './auth/oidc.ts';
export { deleteCitizen, findUserByEmail, findUserById, insertUser, listStaff, setPassword, STAFF_ROLES, type StaffRole, type User } from './auth/users.ts';
export { newPasswordErrors } from './auth/schema.ts';
export { queueMail, type Mail } from './mail/mail.ts';
export { enqueueJob, type JobHandler } from './jobs/jobs.ts';
export {
  ACCENTS,
  LAENDER,
  MODULE_IDS,
  bumpTenantVersion,
  findTenantById,
  listTenants,
  setModule,
  insertTenant,
  isValidAgsForLand,
  RESERVED_SLUGS,
  setTenantActive,
  slugOrArsTaken,
  TENANT_KINDS,
  type Land,
  type NewTenant,
  type TenantKind,
  updateTenantSettings,
  type TenantSettings,
  type Accent,
  type ModuleId,
  type Tenant,
} from './tenancy/tenancy.ts';
export { switchModules } from './tenancy/switch-modules.ts';
export { moduleHooks, type Ctx, type ModuleDefinition, type NavEntry, type Platform, type Router, type RouteSpec } from './web/app.ts';
export { html, raw, paragraphs, type SafeHtml } from './web/html.ts';
export { alert, page } from './web/layout.ts';
export { newToken, safeEqual as safeTokenEqual } from './auth/tokens.ts';
export { checkbox, descriptionList, errorSummary, field, isUuid, moduleFieldset, parseModuleForm, postForm, select, str, textarea, type FieldErrors } from './web/forms.ts';
export { formatCents, formatDate, formatDateTime } from './web/format.ts';
export { HttpError, badRequest, forbidden, notFound } from './web/errors.ts';
export { defineMessages, type MessageKey, type Translate } from './web/i18n/i18n.ts';
export { deleteStoredFiles, fileContent, fileMeta, sha256, storeFile, MAX_FILE_BYTES, type StoredFile } from './files/files.ts';
export { pdfPageCount, renderLetter, renderLetters, type Letterhead, type LetterOptions } from './documents/pdf.ts';
export { renderPdfContent, type PdfDocumentOptions } from './documents/pdf.ts';
export { bundlePdf, type BundlePart, type Bundle } from './documents/bundle.ts';
export { tenantArms } from './tenancy/tenancy.ts';
export { checkUpload, detectType, UPLOAD_MAX_BYTES, type Upload, type UploadProblem } from './files/uploads.ts';
export { at, child, childrenNamed, decodeXml, descendants, parseXml, textAt, XmlError, XML_MAX_BYTES, type XmlElement } from './xml/xml.ts';
