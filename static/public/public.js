/* The public section: the version for the visually impaired (remembered per visitor in this
   browser), and, inside a school's website, telling the frame how tall the page is.
   Loaded in <head> so the visitor's settings apply before the page is drawn. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "nastavnichestvo-a11y";
  var DEFAULTS = { size: "0", contrast: "", images: "" };
  var embedded = false;
  try { embedded = window.self !== window.top; } catch (e) { embedded = true; }

  root.classList.remove("no-js");
  root.classList.add("js");
  if (embedded) root.classList.add("is-embedded");

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { size: saved.size || "0", contrast: saved.contrast || "", images: saved.images || "" };
    } catch (e) {
      return { size: "0", contrast: "", images: "" };
    }
  }

  function save(settings) {
    try { window.localStorage.setItem(KEY, JSON.stringify(settings)); } catch (e) { /* private mode: this page only */ }
  }

  var settings = load();

  function apply() {
    var keep = root.className.split(/\s+/).filter(function (name) { return name && name.indexOf("a11y-") !== 0; });
    if (settings.size !== "0") keep.push("a11y-size-" + settings.size);
    if (settings.contrast) keep.push("a11y-contrast-" + settings.contrast);
    if (settings.images === "off") keep.push("a11y-no-images");
    root.className = keep.join(" ");
    var buttons = document.querySelectorAll("[data-a11y][data-value]");
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var name = button.getAttribute("data-a11y");
      button.setAttribute("aria-pressed", String(settings[name] === button.getAttribute("data-value")));
    }
  }

  apply();

  function reportHeight() {
    if (!embedded) return;
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: "nastavnichestvo:height", height: height, path: window.location.pathname }, "*");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".a11y-toggle");
    var panel = document.getElementById("a11y-panel");
    var anyChange = settings.size !== "0" || settings.contrast || settings.images;
    if (toggle && panel) {
      if (anyChange) { panel.hidden = false; toggle.setAttribute("aria-expanded", "true"); }
      toggle.addEventListener("click", function () {
        panel.hidden = !panel.hidden;
        toggle.setAttribute("aria-expanded", String(!panel.hidden));
        reportHeight();
      });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-a11y]") : null;
      if (!button) return;
      var name = button.getAttribute("data-a11y");
      if (name === "reset") {
        settings = { size: DEFAULTS.size, contrast: DEFAULTS.contrast, images: DEFAULTS.images };
      } else {
        settings[name] = button.getAttribute("data-value");
      }
      save(settings);
      apply();
      reportHeight();
    });
    apply();
    if (embedded) {
      reportHeight();
      window.addEventListener("load", reportHeight);
      if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.documentElement);
    }
  });
})();
