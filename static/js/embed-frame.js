/* Inside the /embed frame: tell the page around it how tall the content is (static/js/embed.js listens). */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // Only a height travels, nothing private: any page may read it.
    window.parent.postMessage({ type: "agenda-snt:height", height: height }, "*");
  }
  send();
  window.addEventListener("load", send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
  else setInterval(send, 500);
})();
