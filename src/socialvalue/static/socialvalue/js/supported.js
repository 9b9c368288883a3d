// GOV.UK Frontend: mark the body before it renders (the template's inline script, moved
// here so that the Content-Security-Policy needs no 'unsafe-inline'). Loaded, not deferred,
// as the first element of <body>.
document.body.className +=
  " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
