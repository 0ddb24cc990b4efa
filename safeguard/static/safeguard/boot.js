// Loaded synchronously at the top of <body>: GOV.UK Frontend needs these classes
// before it initialises. Kept in a file because the Content Security Policy allows
// no inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
