/* Organizer's QR check-in: reads the personal codes with the phone camera. Uses the browser's
   BarcodeDetector when it has one, else the vendored jsQR (static/js/vendor/jsqr, loaded on demand).
   Typing the code in the form below works without a camera or JavaScript. No CDN, works offline. */
(function () {
  "use strict";
  var box = document.querySelector("[data-qr-scanner]");
  var form = document.querySelector("[data-code-form]");
  var status = document.getElementById("scan-status");
  var counter = document.getElementById("present-count");
  if (!form) return;

  function say(message, isError) {
    if (!status) return;
    status.textContent = message;
    status.className = "roster-status" + (isError ? " is-error" : " is-ok");
  }

  var busy = false;
  var recent = {};

  function submitCode(code) {
    if (busy) return;
    var now = Date.now();
    if (recent[code] && now - recent[code] < 5000) return;  // the same QR stays in view: once is enough
    recent[code] = now;
    busy = true;
    var data = new FormData(form);
    data.set("code", code);
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (result) {
        busy = false;
        say(result.body.message || "No se pudo registrar.", !result.ok);
        if (result.ok && counter && typeof result.body.present === "number") {
          counter.querySelector("[data-present]").textContent = result.body.present;
          counter.querySelector("[data-registered]").textContent = result.body.registered;
        }
      })
      .catch(function () { busy = false; say("Sin conexión: no se registró. Inténtelo de nuevo.", true); });
  }

  if (window.fetch && window.FormData) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = form.querySelector("[name=code]");
      var code = input.value.trim();
      if (!code) { say("Escriba el código.", true); input.focus(); return; }
      recent = {};
      submitCode(code);
      input.value = "";
      input.focus();
    });
  }

  if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  box.hidden = false;
  var video = box.querySelector("video");
  var start = box.querySelector("[data-scanner-start]");
  var stop = box.querySelector("[data-scanner-stop]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", {willReadFrequently: true});
  var stream = null;
  var detector = null;

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var script = document.createElement("script");
      script.src = box.getAttribute("data-jsqr");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function prepareDecoder() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") !== -1) {
          detector = new window.BarcodeDetector({formats: ["qr_code"]});
          return;
        }
        return loadJsQR();
      }).catch(loadJsQR);
    }
    return loadJsQR();
  }

  function scan() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) submitCode(codes[0].rawValue.trim());
        }).catch(function () {});
      } else if (window.jsQR) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
        if (found && found.data) submitCode(found.data.trim());
      }
    }
    window.setTimeout(function () { window.requestAnimationFrame(scan); }, 200);
  }

  start.addEventListener("click", function () {
    prepareDecoder().then(function () {
      return navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
    }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.play();
      start.hidden = true;
      stop.hidden = false;
      say("Cámara activa: muestre un código QR.", false);
      scan();
    }).catch(function () {
      say("No se pudo usar la cámara. Revise el permiso del navegador o escriba el código.", true);
    });
  });

  stop.addEventListener("click", function () {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    start.hidden = false;
    stop.hidden = true;
    say("Cámara detenida.", false);
  });
})();
