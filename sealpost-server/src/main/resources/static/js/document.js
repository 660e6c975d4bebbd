// Sending pages (issue 5). A file because the CSP forbids inline scripts.
(function () {
  // Ask before irreversible acts (recall, void, 补发, removing an attachment).
  document.addEventListener('submit', function (event) {
    var question = event.target.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Uploads with a progress bar: forms marked data-progress="<id of .progress>" go through XHR.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var barId = form.getAttribute('data-progress');
    if (!barId || event.defaultPrevented || !window.XMLHttpRequest || !window.FormData) {
      return;
    }
    event.preventDefault();
    var box = document.getElementById(barId);
    var bar = box ? box.querySelector('.progress-bar') : null;
    if (box) { box.classList.remove('d-none'); }
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    // the token also as a header: over the upload limit the server cannot read the form's fields,
    // and must still accept the request to answer with the limit (413) instead of a CSRF refusal
    var token = form.querySelector('input[name="_csrf"]');
    if (token) { xhr.setRequestHeader('X-CSRF-TOKEN', token.value); }
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable && bar) {
        var pct = Math.round(100 * e.loaded / e.total);
        bar.style.width = pct + '%';
        bar.textContent = pct + '%';
        box.setAttribute('aria-valuenow', String(pct));
      }
    });
    xhr.addEventListener('load', function () {
      if (xhr.status < 400) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // a refusal page: show its main part in place
      var page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      var main = page.getElementById('main');
      if (main) {
        document.getElementById('main').replaceChildren.apply(document.getElementById('main'),
          Array.prototype.slice.call(main.childNodes).map(function (n) { return document.importNode(n, true); }));
        if (window.htmx) { window.htmx.process(document.getElementById('main')); }
        window.scrollTo(0, 0);
      }
    });
    xhr.addEventListener('error', function () {
      buttons.forEach(function (b) { b.disabled = false; });
      if (box) { box.classList.add('d-none'); }
      window.alert(document.documentElement.lang === 'en' ? 'Upload failed: network error.' : '上传失败：网络错误。');
    });
    xhr.send(new FormData(form));
  });

  // Seal placement: the preview image follows page, x and y.
  function updateSealPreview() {
    var img = document.getElementById('seal-preview');
    if (!img) { return; }
    var page = document.getElementById('seal-page').value || '1';
    var x = document.getElementById('seal-x').value || '0';
    var y = document.getElementById('seal-y').value || '0';
    img.src = img.getAttribute('data-base') + encodeURIComponent(page)
      + '?markX=' + encodeURIComponent(x) + '&markY=' + encodeURIComponent(y);
  }
  document.addEventListener('change', function (event) {
    if (event.target && ['seal-page', 'seal-x', 'seal-y'].indexOf(event.target.id) >= 0) {
      updateSealPreview();
    }
  });
})();
