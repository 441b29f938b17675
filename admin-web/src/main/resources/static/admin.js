// Progressive enhancement only: every action works without this file.
document.addEventListener('submit', function (event) {
    var message = event.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
        event.preventDefault();
    }
});
// Copy buttons: data-copy names the input whose text goes to the clipboard.
document.addEventListener('click', function (event) {
    var selector = event.target.getAttribute && event.target.getAttribute('data-copy');
    if (!selector) {
        return;
    }
    var input = document.querySelector(selector);
    input.select();
    var done = function () { event.target.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
    } else {
        document.execCommand('copy');
        done();
    }
});
