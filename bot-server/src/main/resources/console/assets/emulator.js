/*
 * The chat emulator: one pane per sandbox user. Reads inboxes, presses buttons and types through
 * the sandbox endpoints (/sandbox/**), sends files and photos through the console
 * (/console/api/users/{id}/files, with the CSRF token), and follows changes through the console's
 * server-sent events (/console/api/events). Plain JavaScript, no library; text is always set with
 * textContent, never parsed as HTML.
 */
(function () {
  'use strict';
  var root = document.getElementById('emulator');
  if (!root) {
    return;
  }
  var csrf = root.dataset.csrf;
  var max = Number(root.dataset.max) || 12;
  var status = document.getElementById('status');
  var paneBox = document.getElementById('panes');
  var pick = document.getElementById('pick');
  var panes = new Map();
  var events = null;

  function msg(key) {
    return root.dataset['msg' + key] || '';
  }

  function say(text) {
    status.textContent = text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function nameOf(userId) {
    for (var i = 0; i < pick.options.length; i++) {
      if (pick.options[i].value === userId) {
        return pick.options[i].textContent;
      }
    }
    return userId;
  }

  function problemText(response) {
    return response.json().then(
      function (body) { return (body && (body.detail || body.title)) || String(response.status); },
      function () { return String(response.status); });
  }

  // --- panes ---------------------------------------------------------------------------------

  function addPane(userId, connectLater) {
    if (panes.has(userId)) {
      panes.get(userId).input.focus();
      return;
    }
    if (panes.size >= max) {
      say(msg('TooMany'));
      return;
    }
    var section = el('section', 'pane');
    section.id = 'pane-' + userId;
    section.dataset.user = userId;
    var header = el('header');
    var title = el('h2', null, nameOf(userId));
    title.id = 'pane-title-' + userId;
    section.setAttribute('aria-labelledby', title.id);
    var close = el('button', null, '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('Close') + ' ' + nameOf(userId));
    close.addEventListener('click', function () { removePane(userId); });
    header.append(title, close);
    var list = el('ol', 'chat');
    list.setAttribute('role', 'log');
    list.setAttribute('aria-live', 'polite');
    var hint = el('p', 'hint');
    hint.setAttribute('role', 'alert');
    var form = el('form', 'compose');
    var input = el('input');
    input.type = 'text';
    input.name = 'text';
    input.maxLength = 2000;
    input.placeholder = msg('Input');
    input.setAttribute('aria-label', msg('Input'));
    var send = el('button', 'primary', msg('Send'));
    send.type = 'submit';
    form.append(input, send);
    // A file or photo as evidence, as one is sent in WeCom or DingTalk: chosen, sent at once.
    var upload = el('div', 'upload');
    var file = el('input');
    file.type = 'file';
    file.id = 'file-' + userId;
    file.name = 'file';
    var fileLabel = el('label', null, msg('Attach'));
    fileLabel.htmlFor = file.id;
    upload.append(fileLabel, file);
    section.append(header, list, hint, form, upload);
    paneBox.append(section);
    var pane = { userId: userId, list: list, hint: hint, input: input, nodes: new Map(),
      sent: [], seq: 0, shown: 0 };
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      type(pane);
    });
    file.addEventListener('change', function () {
      if (file.files && file.files.length) {
        sendFile(pane, file);
      }
    });
    panes.set(userId, pane);
    if (!connectLater) {
      connect();
    }
  }

  function removePane(userId) {
    var pane = panes.get(userId);
    if (pane) {
      document.getElementById('pane-' + userId).remove();
      panes.delete(userId);
      connect();
    }
  }

  // --- live updates --------------------------------------------------------------------------

  function connect() {
    if (events) {
      events.close();
      events = null;
    }
    if (panes.size === 0) {
      return;
    }
    var ids = Array.from(panes.keys()).map(encodeURIComponent).join(',');
    events = new EventSource('/console/api/events?users=' + ids);
    events.addEventListener('ready', function () {
      say(msg('Live'));
      panes.forEach(function (pane) { refresh(pane); });
    });
    events.addEventListener('inbox', function (e) {
      var pane = panes.get(e.data);
      if (pane) {
        refresh(pane);
      }
    });
    events.onerror = function () {
      if (events && events.readyState === EventSource.CLOSED) {
        // The browser gives up on a 401: the session ended.
        say(msg('SignedOut'));
      } else {
        say(msg('Offline'));
      }
    };
  }

  /** Reads the inbox again; an answer older than one already shown is ignored. */
  function refresh(pane) {
    var seq = ++pane.seq;
    fetch('/sandbox/users/' + encodeURIComponent(pane.userId) + '/inbox')
      .then(function (response) {
        if (!response.ok) {
          return problemText(response).then(function (t) { throw new Error(t); });
        }
        return response.json();
      })
      .then(function (items) {
        if (seq > pane.shown && panes.get(pane.userId) === pane) {
          pane.shown = seq;
          render(pane, items);
        }
      })
      .catch(function (error) { pane.hint.textContent = error.message; });
  }

  // --- rendering -----------------------------------------------------------------------------

  /** Newest-first inbox items (plus what was typed here) onto the pane, reusing nodes by key. */
  function render(pane, newestFirst) {
    var items = newestFirst.slice().reverse().map(function (item, i) {
      item.key = item.kind === 'card' ? 'card:' + item.cardId
        : 'in:' + item.receivedAt + ':' + i + ':' + (item.text || item.url || '');
      return item;
    });
    items = items.concat(pane.sent).sort(function (a, b) {
      return Date.parse(a.receivedAt) - Date.parse(b.receivedAt);
    });
    var wanted = new Set();
    var atBottom = pane.list.scrollHeight - pane.list.scrollTop - pane.list.clientHeight < 40;
    items.forEach(function (item) {
      wanted.add(item.key);
      var node = pane.nodes.get(item.key);
      if (!node) {
        node = el('li');
        node.dataset.key = item.key;
        fill(pane, node, item);
        pane.nodes.set(item.key, node);
      } else if (item.kind === 'card' && node.dataset.version !== String(item.version)) {
        fill(pane, node, item);
        var card = node.firstChild;
        card.classList.add('updated');
        setTimeout(function () { card.classList.remove('updated'); }, 2000);
      }
      pane.list.append(node); // moves an existing node: same element, new place if any
    });
    pane.nodes.forEach(function (node, key) {
      if (!wanted.has(key)) {
        node.remove();
        pane.nodes.delete(key);
      }
    });
    var empty = pane.list.querySelector('.empty');
    if (items.length === 0 && !empty) {
      pane.list.append(el('li', 'empty', msg('Empty')));
    } else if (items.length > 0 && empty) {
      empty.remove();
    }
    if (atBottom) {
      pane.list.scrollTop = pane.list.scrollHeight;
    }
  }

  function fill(pane, node, item) {
    node.textContent = '';
    node.className = item.kind === 'out' ? 'out' : 'in';
    if (item.kind === 'card') {
      node.dataset.cardId = item.cardId;
      node.dataset.version = String(item.version);
      node.append(card(pane, item));
    } else if (item.kind === 'image' && item.url) {
      // A report chart: {"kind":"image","url":"/charts/<id>.png","caption":…}
      var figure = el('figure', 'bubble');
      var img = el('img');
      img.src = item.url;
      img.alt = item.caption || '';
      figure.append(img);
      if (item.caption) {
        figure.append(el('figcaption', null, item.caption));
      }
      node.append(figure);
    } else {
      node.append(el('div', 'bubble', item.text));
    }
  }

  /** A card as WeCom and DingTalk show it: title, texts, fields, notes, buttons. */
  function card(pane, item) {
    var article = el('article', 'card');
    article.dataset.type = item.type;
    var title = el('h3', null, item.title);
    article.append(title);
    var body = el('div', 'body');
    var fields = null;
    (item.elements || []).forEach(function (e) {
      if (e.kind === 'field') {
        if (!fields) {
          fields = el('dl');
          body.append(fields);
        }
        fields.append(el('dt', null, e.label), el('dd', null, e.value));
        return;
      }
      fields = null;
      body.append(el('p', e.kind === 'note' ? 'note' : null, e.text));
    });
    article.append(body);
    if (item.buttons && item.buttons.length) {
      var actions = el('div', 'actions');
      item.buttons.forEach(function (b) {
        var button = el('button', b.style, b.label);
        button.type = 'button';
        button.dataset.action = b.action;
        button.addEventListener('click', function () { press(pane, item, b, actions); });
        actions.append(button);
      });
      article.append(actions);
    }
    return article;
  }

  // --- acting --------------------------------------------------------------------------------

  function setDisabled(box, disabled) {
    box.querySelectorAll('button').forEach(function (b) { b.disabled = disabled; });
  }

  function press(pane, item, button, actions) {
    setDisabled(actions, true);
    pane.hint.textContent = '';
    post('/sandbox/actions', { userId: pane.userId, cardId: item.cardId,
      action: button.action, payload: button.payload }, false)
      .then(function () {
        // The buttons come back with the updated card; if the card does not change, after a while.
        setTimeout(function () { setDisabled(actions, false); }, 5000);
      })
      .catch(function (error) {
        setDisabled(actions, false);
        pane.hint.textContent = msg('PressFailed') + ' ' + error.message;
      });
  }

  function type(pane) {
    var text = pane.input.value.trim();
    if (!text) {
      return;
    }
    pane.hint.textContent = '';
    post('/sandbox/users/' + encodeURIComponent(pane.userId) + '/messages', { text: text }, false)
      .then(function () {
        pane.input.value = '';
        pane.sent.push({ kind: 'out', key: 'out:' + pane.sent.length, text: text,
          receivedAt: new Date().toISOString() });
        refresh(pane);
      })
      .catch(function (error) { pane.hint.textContent = msg('PressFailed') + ' ' + error.message; });
  }

  /**
   * Sends the chosen file to the bot through the console (with the session's CSRF token), which
   * hands it to the sandbox's evidence path; an image goes as a photo, anything else as a file.
   */
  function sendFile(pane, input) {
    var chosen = input.files[0];
    var data = new FormData();
    data.append('file', chosen, chosen.name);
    data.append('kind', /^image\//.test(chosen.type) ? 'photo' : 'file');
    pane.hint.textContent = '';
    input.disabled = true;
    fetch('/console/api/users/' + encodeURIComponent(pane.userId) + '/files', { method: 'POST',
      headers: { 'X-CSRF-Token': csrf }, body: data, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) {
          say(msg('SignedOut'));
        }
        if (!response.ok) {
          return problemText(response).then(function (t) { throw new Error(t); });
        }
        pane.sent.push({ kind: 'out', key: 'out:' + pane.sent.length,
          text: msg('FileSent') + ' ' + chosen.name, receivedAt: new Date().toISOString() });
        refresh(pane);
      })
      .catch(function (error) { pane.hint.textContent = msg('FileFailed') + ' ' + error.message; })
      .then(function () {
        input.value = '';
        input.disabled = false;
      });
  }

  function post(url, body, console) {
    var headers = { 'Content-Type': 'application/json' };
    if (console) {
      headers['X-CSRF-Token'] = csrf;
    }
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body),
      credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) {
          say(msg('SignedOut'));
        }
        if (!response.ok) {
          return problemText(response).then(function (t) { throw new Error(t); });
        }
        return response.json();
      });
  }

  document.getElementById('add-pane').addEventListener('click', function () {
    addPane(pick.value, false);
  });
  document.getElementById('demo-lead').addEventListener('click', function () {
    var button = this;
    button.disabled = true;
    post('/console/api/demo-lead', {}, true)
      .then(function () { say(msg('DemoSent')); })
      .catch(function (error) { say(msg('DemoFailed') + ' ' + error.message); })
      .then(function () { button.disabled = false; });
  });
  (root.dataset.open || '').split(',').filter(Boolean).forEach(function (id) {
    addPane(id, true);
  });
  connect();
})();
