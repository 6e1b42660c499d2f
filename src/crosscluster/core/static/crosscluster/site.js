// Progressive enhancement only: every page reads without JavaScript.
(function () {
  "use strict";
  // Remember the browser's time zone so the server can show times in it.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var current = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
    if (zone && decodeURIComponent(current || "") !== zone) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (error) { /* old browser: times stay in UTC */ }
})();

// The main menu folds behind a "Menu" button on phones (the CSS shows the button below 700 px).
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var nav = toggle && toggle.closest(".nav");
  if (!nav) { return; }
  nav.classList.add("foldable");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();

// The header's menus (Administration): without JavaScript a link to their page; with it, a
// disclosure button (aria-expanded) showing the menu's links below it. Escape closes the menu
// and gives the focus back to its button; so do a click elsewhere and the focus leaving it.
(function () {
  "use strict";
  // Focus moves on pointer down: a menu closed then would move what is under the pointer before
  // the click lands, so a click closes the menus it is outside of, and leaving by focus (Tab)
  // only when no pointer is down.
  var pointing = false;
  document.addEventListener("pointerdown", function () { pointing = true; }, true);
  document.addEventListener("pointerup", function () { pointing = false; }, true);
  document.querySelectorAll(".nav-menu-link[data-menu]").forEach(function (link) {
    var menu = document.getElementById(link.getAttribute("data-menu"));
    var item = link.parentElement;
    if (!menu || !item) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nav-menu-button";
    // the link's words and its words for screen readers only (who is signed in)
    while (link.firstChild) { button.appendChild(link.firstChild); }
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", menu.id);
    link.replaceWith(button);
    function show(open) {
      menu.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () { show(menu.hidden); });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) {
        show(false);
        button.focus();
      }
    });
    item.addEventListener("focusout", function (event) {
      if (!pointing && event.relatedTarget && !item.contains(event.relatedTarget)) { show(false); }
    });
    document.addEventListener("click", function (event) {
      if (!item.contains(event.target)) { show(false); }
    });
  });
})();

// The week calendar: in it, the Left and Right arrow keys show the previous and next week. The
// link that moved the week keeps the focus: htmx focuses the element of the new calendar with the
// focused element's id (#week-previous, #week-next), so a keyboard user stays in place.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var calendar = target && target.closest ? target.closest("#week-calendar") : null;
    if (!calendar || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) { return; }
    var id = { ArrowLeft: "week-previous", ArrowRight: "week-next" }[event.key];
    var link = id ? calendar.querySelector("#" + id) : null;
    if (!link) { return; }
    event.preventDefault();
    link.focus();
    link.click();
  });
})();

// A table that scrolls in its own box (.table-scroll) scrolls from the keyboard too: the box takes
// the focus (WCAG 2.1.1) and is a region named after its table's caption, else its section's
// heading. Boxes that htmx brings in later get the same.
(function () {
  "use strict";
  function name(box) {
    var caption = box.querySelector("caption");
    var section = box.closest("section");
    var heading = section && section.querySelector("h2, h3");
    return ((caption || heading || {}).textContent || "").trim();
  }
  function enable(root) {
    root.querySelectorAll(".table-scroll:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
      var label = name(box);
      if (label) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label);
      }
    });
  }
  enable(document);
  document.addEventListener("htmx:afterSettle", function (event) { enable(event.target); });
})();

// Repeatable rows (core/_rows.html, a Django formset): "Add another" and "Remove" change the rows
// on the page. Without JavaScript the same buttons post the form and the server shows it again
// with the rows changed (core.forms.edit_rows). Rows are numbered again after each change, so
// the names, the legends ("Period 2", "KPI 2") and the server's messages agree; the focus moves to the
// new row's first field, or after a removal to the next row (else the "Add another" button).
(function () {
  "use strict";
  function enable(box) {
    if (box.hasAttribute("data-rows-ready")) { return; }
    box.setAttribute("data-rows-ready", "");
    var prefix = box.getAttribute("data-rows");
    var list = box.querySelector("[data-rows-list]");
    var template = box.querySelector("template[data-rows-template]");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var initial = box.querySelector("input[name='" + prefix + "-INITIAL_FORMS']");
    var add = box.querySelector("button[name='" + prefix + "-add']");
    if (!list || !template || !total || !add) { return; }
    var pattern = new RegExp("(" + prefix + "-)(\\d+|__prefix__)(-)");
    function renumber() {
      var rows = list.querySelectorAll(":scope > [data-row]");
      rows.forEach(function (row, index) {
        row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
          ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
            var value = element.getAttribute(attribute);
            if (value) { element.setAttribute(attribute, value.replace(pattern, "$1" + index + "$3")); }
          });
        });
        var legend = row.querySelector("legend");
        if (legend) { legend.textContent = box.getAttribute("data-row-legend").replace("__num__", index + 1); }
        var remove = row.querySelector("button[name='" + prefix + "-remove']");
        if (remove) { remove.value = String(index); }
      });
      total.value = String(rows.length);
      // every row is read as new: an emptied row is no row, whichever it was
      if (initial) { initial.value = "0"; }
    }
    box.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : null;
      if (!button || !box.contains(button)) { return; }
      if (button === add) {
        event.preventDefault();
        list.appendChild(template.content.cloneNode(true));
        renumber();
        var rows = list.querySelectorAll(":scope > [data-row]");
        var field = rows[rows.length - 1].querySelector("input, select, textarea");
        if (field) { field.focus(); }
      } else if (button.name === prefix + "-remove") {
        event.preventDefault();
        var row = button.closest("[data-row]");
        var next = row.nextElementSibling;
        row.remove();
        renumber();
        var target = next ? next.querySelector("input, select, textarea") : null;
        (target || add).focus();
      }
    });
  }
  function enableAll(root) { root.querySelectorAll("fieldset[data-rows]").forEach(enable); }
  enableAll(document);
  // rows that htmx brings in later (a section's form after an addition) get the same
  document.addEventListener("htmx:afterSettle", function (event) { enableAll(event.target); });
})();

// A picker (core/widgets/search_picker.html): one of many found by its name. Without JavaScript
// its "Find" button posts the form and the server lists the matches; here they are listed as
// the person types (from the API address in data-picker: a JSON list of {value, label}), the
// one already chosen kept first. Enter and "Find" search at once and do not send the form.
// Pickers that htmx brings in later (a section's form after an addition) get the same.
(function () {
  "use strict";
  function enable(picker) {
    var url = picker.getAttribute("data-picker");
    var input = picker.querySelector("input[type=search]");
    var find = picker.querySelector("button[name$='-find']");
    var matches = picker.querySelector("[data-picker-matches]");
    if (!url || !input || !matches || picker.hasAttribute("data-picker-ready")) { return; }
    picker.setAttribute("data-picker-ready", "");
    var name = input.name.replace(/-q$/, "");
    var timer = null;
    var asked = 0;
    function option(value, label, checked) {
      var row = document.createElement("label");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = name;
      radio.value = value;
      radio.checked = checked;
      row.appendChild(radio);
      row.appendChild(document.createTextNode(" " + label));
      return row;
    }
    function show(found, focus) {
      var kept = [];
      matches.querySelectorAll("input[type=radio]").forEach(function (radio) {
        // "None" stays, and so does the one chosen (it may not match the new words)
        if (radio.value === "" || radio.checked) {
          kept.push({ value: radio.value, label: radio.parentNode.textContent.trim(), checked: radio.checked });
        }
      });
      matches.textContent = "";
      var shown = {};
      kept.forEach(function (item) {
        shown[item.value] = true;
        matches.appendChild(option(item.value, item.label, item.checked));
      });
      found.forEach(function (item) {
        if (!shown[item.value]) { matches.appendChild(option(item.value, item.label, false)); }
      });
      if (!found.length) {
        var none = document.createElement("p");
        none.className = "muted small";
        none.textContent = matches.getAttribute("data-picker-nothing");
        matches.appendChild(none);
      }
      var first = focus && found.length ? matches.querySelector("input[value='" + CSS.escape(found[0].value) + "']") : null;
      if (first) { first.focus(); }
    }
    function search(focus) {
      var words = input.value.trim();
      if (words.length < 2) { return; }
      var number = ++asked;
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(words);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (number === asked) { show(found, focus); } })
        .catch(function () { /* offline: "Find" still posts the form */ });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        search(true);
      }
    });
    if (find) {
      find.addEventListener("click", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        search(true);
      });
    }
  }
  function enableAll(root) { root.querySelectorAll("[data-picker]").forEach(enable); }
  enableAll(document);
  document.addEventListener("htmx:afterSettle", function (event) { enableAll(event.target); });
})();

// A region picker that follows its country (the directory's organisation forms, a JIS support
// mechanism): the page lists only the regions of the country chosen (none before one is), and a
// change of country lists that country's regions from the API (data-regions, a JSON list of
// {value, label}), keeping the region chosen when it lies in the new country. Without JavaScript
// the form's "List its regions" button (data-regions-refresh) shows the form again with them, and
// saving a region of another country is refused with a message naming both. Forms that htmx
// brings in later (a JIS section's form after an addition) get the same.
(function () {
  "use strict";
  function enable(select) {
    var country = document.getElementById(select.getAttribute("data-regions-country"));
    var url = select.getAttribute("data-regions");
    if (!country || !url || select.hasAttribute("data-regions-ready")) { return; }
    select.setAttribute("data-regions-ready", "");
    var refresh = select.form ? select.form.querySelector("[data-regions-refresh]") : null;
    if (refresh) { refresh.hidden = true; }
    var asked = 0;
    country.addEventListener("change", function () {
      var code = country.value;
      var chosen = select.value;
      var number = ++asked;
      function fill(found) {
        if (number !== asked) { return; }
        var empty = select.querySelector("option[value='']");
        select.textContent = "";
        if (empty) { select.appendChild(empty); }
        found.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.value;
          option.textContent = item.label;
          option.selected = item.value === chosen;
          select.appendChild(option);
        });
      }
      if (!code) { fill([]); return; }
      fetch(url + "?country=" + encodeURIComponent(code), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(fill)
        .catch(function () { /* offline: the server checks the region on save */ });
    });
  }
  function enableAll(root) { root.querySelectorAll("select[data-regions][data-regions-country]").forEach(enable); }
  enableAll(document);
  document.addEventListener("htmx:afterSettle", function (event) { enableAll(event.target); });
})();
