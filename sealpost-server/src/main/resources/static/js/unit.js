// Units pages: ask before a form marked data-confirm is submitted (deleting a row, confirming the
// roster). Loaded as a file because the CSP forbids inline scripts.
document.addEventListener('submit', function (event) {
  var question = event.target.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
