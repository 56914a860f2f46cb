// A little help where JavaScript runs; every page works without it.
(function () {
  'use strict';
  // One click, one submission: a second submit of a form on its way is ignored, and its buttons are
  // disabled only after the browser has read the form (a disabled button's name and value would
  // not be sent, and a form may depend on which button was pressed).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.method || form.method.toLowerCase() !== 'post') return;
    if (form.getAttribute('data-sent')) { event.preventDefault(); return; }
    form.setAttribute('data-sent', '1');
    window.setTimeout(function () {
      var buttons = form.querySelectorAll('button[type=submit]');
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
    }, 0);
  });
  // Back to a page from the browser's cache: its forms may be sent again.
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    var sent = document.querySelectorAll('form[data-sent]');
    for (var i = 0; i < sent.length; i++) {
      sent[i].removeAttribute('data-sent');
      var buttons = sent[i].querySelectorAll('button[type=submit]');
      for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = false; }
    }
  });
  // A closing review or a reopening asks once more.
  document.addEventListener('click', function (event) {
    var button = event.target;
    if (button.tagName === 'BUTTON' && button.getAttribute('data-confirm') && !window.confirm(button.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });
  // The receipt key: select it all on a tap, to copy it.
  var key = document.getElementById('receipt-key');
  if (key && window.getSelection) {
    key.addEventListener('click', function () {
      var range = document.createRange();
      range.selectNodeContents(key);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    });
  }
})();
