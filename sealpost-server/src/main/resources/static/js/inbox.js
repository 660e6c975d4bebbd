// Receiving pages (收文). No inline scripts (CSP script-src 'self').
// - An optional beep when a new document arrives on the live stream (htmx SSE extension): off by
//   default; the switch #inbox-sound is remembered in localStorage. The beep is made with WebAudio
//   (no sound file); browsers only allow audio after a click, which the switch provides.
// - Asks before the return form (退回) is sent.
(function () {
  var KEY = "sealpost.inbox.sound";
  var audio = null;

  function soundOn() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (e) {
      return false;
    }
  }

  function beep() {
    if (!soundOn()) {
      return;
    }
    try {
      if (!audio) {
        audio = new (window.AudioContext || window.webkitAudioContext)();
      }
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.35);
    } catch (e) {
      // no audio on this browser: the badge still changes
    }
  }

  document.addEventListener("htmx:sseOpen", function (event) {
    var source = event.detail && event.detail.source;
    if (!source || source.sealpostInbox) {
      return;
    }
    source.sealpostInbox = true;
    source.addEventListener("inbox-changed", function (message) {
      try {
        var data = JSON.parse(message.data);
        if (data.kind === "sent") {
          document.documentElement.setAttribute("data-last-arrival", data.documentId || "");
          beep();
        }
      } catch (e) {
        // not JSON: ignore
      }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("inbox-sound");
    if (toggle) {
      toggle.checked = soundOn();
      toggle.addEventListener("change", function () {
        try {
          window.localStorage.setItem(KEY, toggle.checked ? "on" : "off");
        } catch (e) {
          // private mode: the switch works for this page only
        }
        if (toggle.checked) {
          beep();
        }
      });
    }
    var ret = document.getElementById("return-form");
    if (ret) {
      ret.addEventListener("submit", function (event) {
        var question = ret.getAttribute("data-confirm");
        if (question && !window.confirm(question)) {
          event.preventDefault();
        }
      });
    }
  });
})();
