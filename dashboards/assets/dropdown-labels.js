/* Dash 4's dropdown names its button after its own value (aria-labelledby points at the value
   spans), so a screen reader hears "Centralt" where the form says "Skøn: Centralt". When a
   dropdown sits inside a <label>, its button gets the label's text as its accessible name and
   keeps the value as its description (WCAG 2.1, 1.3.1 and 4.1.2). */
(function () {
  "use strict";

  function labelText(label, button) {
    var parts = [];
    label.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        parts.push(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE && !node.contains(button)) {
        parts.push(node.textContent);
      }
    });
    return parts.join(" ").replace(/\s+/g, " ").trim();
  }

  function name(button) {
    var label = button.closest("label");
    if (!label) { return; }
    var text = labelText(label, button);
    if (!text) { return; }
    var by = button.getAttribute("aria-labelledby");
    if (by) {
      button.setAttribute("aria-describedby", by);
      button.removeAttribute("aria-labelledby");
    }
    if (button.getAttribute("aria-label") !== text) {
      button.setAttribute("aria-label", text);
    }
  }

  function sweep(root) {
    if (root.matches && root.matches(".dash-dropdown")) { name(root); }
    if (root.querySelectorAll) { root.querySelectorAll(".dash-dropdown").forEach(name); }
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === "attributes") { name(record.target); }
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) { sweep(node); }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                         attributeFilter: ["aria-labelledby"]});
  document.addEventListener("DOMContentLoaded", function () { sweep(document); });
})();
