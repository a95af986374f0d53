/* Embeds a school's «Наставничество» section into the school's own website:
     <script src="https://PORTAL/nastavnichestvo/vstraivanie.js" data-school="SLUG" async></script>
   The script puts a frame right after itself and keeps it as tall as the page inside, so the
   visitor sees no second scroll bar. Only the portal's own messages are listened to. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.getAttribute("data-school")) return;
  var origin = new URL(script.src, window.location.href).origin;
  var slug = script.getAttribute("data-school");

  var frame = document.createElement("iframe");
  frame.src = origin + "/nastavnichestvo/" + encodeURIComponent(slug) + "/";
  frame.title = script.getAttribute("data-title") || "Наставничество";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = (script.getAttribute("data-height") || "800") + "px";
  frame.setAttribute("data-nastavnichestvo", slug);
  script.parentNode.insertBefore(frame, script.nextSibling);

  var lastPath = null;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.type !== "nastavnichestvo:height") return;
    var height = Math.ceil(Number(data.height));
    if (height > 0 && height < 100000) frame.style.height = height + "px";
    // After a click inside the frame, bring the top of the new page into view.
    if (lastPath !== null && data.path !== lastPath && frame.getBoundingClientRect().top < 0) frame.scrollIntoView();
    lastPath = data.path;
  });
})();
