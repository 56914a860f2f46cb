// Run in the page by the browser walk: every form control has a label, every text has a contrast
// of at least 4.5:1 against what is behind it, and nothing was fetched from another origin.
// Returns a list of violations (empty when the page passes).
return (function () {
  var problems = [];
  function describe(el) {
    var text = (el.textContent || el.value || '').trim().slice(0, 30);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? '[name=' + el.name + ']' : '') + (text ? ' "' + text + '"' : '');
  }
  // Labels.
  var controls = document.querySelectorAll('input, select, textarea');
  for (var i = 0; i < controls.length; i++) {
    var c = controls[i];
    var type = (c.getAttribute('type') || '').toLowerCase();
    if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'reset') continue;
    var labelled = (c.labels && c.labels.length > 0 && c.labels[0].textContent.trim() !== '') ||
      (c.getAttribute('aria-label') || '').trim() !== '' || (c.getAttribute('aria-labelledby') || '').trim() !== '';
    if (!labelled) problems.push('label: ' + describe(c) + ' has no label');
  }
  // Contrast.
  function parse(colour) {
    var m = colour.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    var p = m[1].split(',').map(function (x) { return parseFloat(x); });
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function luminance(c) {
    var f = function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function background(el) {
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      var bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg.a > 0.5) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  }
  var all = document.body.querySelectorAll('*');
  for (var j = 0; j < all.length; j++) {
    var el = all[j];
    var own = '';
    for (var k = 0; k < el.childNodes.length; k++) if (el.childNodes[k].nodeType === 3) own += el.childNodes[k].textContent;
    if (!own.trim()) continue;
    var style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    var rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // visually hidden text for screen readers
    var fg = parse(style.color), bg = background(el);
    if (!fg) continue;
    var l1 = luminance(fg), l2 = luminance(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5) problems.push('contrast: ' + describe(el) + ' is ' + ratio.toFixed(2) + ':1 (' + style.color + ' on ' + JSON.stringify(bg) + ')');
  }
  // Nothing from elsewhere.
  var entries = performance.getEntriesByType('resource');
  for (var n = 0; n < entries.length; n++) {
    if (entries[n].name.indexOf(location.origin + '/') !== 0) problems.push('external request: ' + entries[n].name);
  }
  return problems;
})();
