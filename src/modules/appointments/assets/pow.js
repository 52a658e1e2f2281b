// Proof of work for the booking forms (progressive enhancement: without it the server accepts the form
// after a short wait). Finds a number n so that SHA-256("challenge:n") starts with `difficulty` zero bits.
(function () {
  'use strict';
  function zeroBits(bytes) {
    var n = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { n += 8; continue; }
      return n + Math.clz32(bytes[i]) - 24;
    }
    return n;
  }
  async function solve(challenge, difficulty) {
    var enc = new TextEncoder();
    var batch = 256;
    for (var start = 0; start < 1e9; start += batch) {
      var jobs = [];
      for (var i = start; i < start + batch; i++) jobs.push(crypto.subtle.digest('SHA-256', enc.encode(challenge + ':' + i)));
      var hashes = await Promise.all(jobs);
      for (var k = 0; k < hashes.length; k++) if (zeroBits(new Uint8Array(hashes[k])) >= difficulty) return String(start + k);
    }
    throw new Error('no solution');
  }
  if (!window.crypto || !crypto.subtle) return;
  document.querySelectorAll('.pow').forEach(function (box) {
    var form = box.closest('form');
    var challenge = box.querySelector('input[name=pow_challenge]');
    var solution = box.querySelector('input[name=pow_solution]');
    var status = box.querySelector('.pow__status');
    if (!form || !challenge || !solution) return;
    var difficulty = Number(box.getAttribute('data-pow-difficulty')) || 0;
    var work = solve(challenge.value, difficulty).then(function (s) {
      solution.value = s;
      form.setAttribute('data-pow-done', 'true');
      return s;
    });
    var submitting = false;
    form.addEventListener('submit', function (ev) {
      if (solution.value) return;
      ev.preventDefault();
      if (submitting) return;
      submitting = true;
      if (status) status.textContent = 'Sicherheitsprüfung läuft, bitte einen Moment …';
      work.then(function () {
        if (status) status.textContent = 'Sicherheitsprüfung abgeschlossen.';
        form.submit();
      }, function () { submitting = false; form.submit(); });
    });
  });
})();
