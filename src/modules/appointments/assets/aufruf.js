// Calling display of the Terminvergabe (progressive enhancement: the page works without this script).
// Polls the public JSON endpoint every 5 seconds and updates the lists in place. Only waiting numbers
// and counters are shown; the newest call sits in an aria-live region and is announced when it changes.
(function () {
  'use strict';
  var root = document.querySelector('[data-aufruf-src]');
  if (!root || !window.fetch) return;
  var src = root.getAttribute('data-aufruf-src');
  var newest = document.getElementById('aufruf-neu');
  var list = document.getElementById('aufruf-liste');
  var listEmpty = document.getElementById('aufruf-liste-leer');
  var waiting = document.getElementById('aufruf-wartend');
  var waitingEmpty = document.getElementById('aufruf-wartend-leer');
  var stand = document.getElementById('aufruf-stand');
  if (!newest || !list || !waiting) return;

  function span(cls, text) {
    var s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    return s;
  }

  function replaceChildren(el, children) {
    while (el.firstChild) el.removeChild(el.firstChild);
    children.forEach(function (c, i) {
      if (i > 0 && c.nodeType === 1 && el === newest) el.appendChild(document.createTextNode(' '));
      el.appendChild(c);
    });
  }

  function render(data) {
    if (!data || !Array.isArray(data.called) || !Array.isArray(data.waiting)) return;
    var first = data.called[0];
    var key = first ? first.ticket + '@' + first.calledAt : '';
    // Touch the live region only when the newest call changed, so screen readers announce each call once.
    if (key !== (newest.getAttribute('data-key') || '')) {
      newest.setAttribute('data-key', key);
      replaceChildren(newest, first
        ? [span('aufruf-nummer', String(first.ticket)), span('aufruf-text', 'bitte zu'), span('aufruf-platz', 'Platz ' + first.counter)]
        : [span('aufruf-text', 'Noch kein Aufruf.')]);
    }
    replaceChildren(list, data.called.slice(1).map(function (x) {
      var li = document.createElement('li');
      li.appendChild(span('aufruf-nummer', String(x.ticket)));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(span('aufruf-platz', 'Platz ' + x.counter));
      return li;
    }));
    if (listEmpty) listEmpty.hidden = data.called.length > 1;
    replaceChildren(waiting, data.waiting.map(function (t) {
      var li = document.createElement('li');
      li.textContent = String(t);
      return li;
    }));
    if (waitingEmpty) waitingEmpty.hidden = data.waiting.length > 0;
    if (stand) stand.textContent = 'Stand: ' + new Date().toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' }) + ' Uhr.';
  }

  function poll() {
    window.fetch(src, { headers: { accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(render)
      .catch(function () { /* keep showing the last state; the next poll tries again */ });
  }

  window.setInterval(poll, 5000);
})();
