/* Select2 (Django's admin autocomplete) draws its own combobox and search box beside the
   <select> it hides, with no name a screen reader could announce: they get the select's
   (its aria-label, or its <label>). Select2 redraws the search box of a multiple select on
   every change and inline rows come and go, so the names are given again on each change. */
(function () {
  "use strict";

  function nameOf(select) {
    if (select.getAttribute("aria-label")) {
      return select.getAttribute("aria-label");
    }
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function labelAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = nameOf(select);
      if (!name || !container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll(".select2-search__field, .select2-selection, .select2-selection__rendered[role]").forEach(
        function (element) {
          if (element.getAttribute("aria-label") !== name) {
            element.setAttribute("aria-label", name);
          }
        }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelAll();
    new MutationObserver(labelAll).observe(document.body, { childList: true, subtree: true });
  });
})();
