// SealPost page script. No inline scripts exist (CSP script-src 'self'); this file only adds the
// CSRF token to htmx requests, so that state-changing htmx calls pass the CSRF check.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
