// The portal's own behaviour. No inline scripts anywhere (the Content-Security-Policy forbids them).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before anything destructive: forms or buttons marked data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Pipeline moves that cannot be taken back, or that tell the candidate bad news, are asked about first.
  const finalMoves = {
    rejected: "Reject this application? The candidate is told by e-mail.",
    hired: "Mark this candidate as hired? This is final: the application cannot move again.",
    withdrawn: "Record that the candidate withdrew? This is final: the application cannot move again.",
  };
  document.querySelectorAll("form[data-confirm-moves]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      const select = form.querySelector("select");
      const question = select ? finalMoves[select.value] : null;
      if (question && !window.confirm(question)) event.preventDefault();
    });
  });
});
