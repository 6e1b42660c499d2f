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
