// Resume upload with a progress bar and a "reading" indicator. Without JavaScript the form posts normally.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  const input = form.querySelector("input[type=file]");
  const progress = document.getElementById("upload-progress");
  const bar = progress ? progress.querySelector(".progress-bar") : null;
  const status = document.getElementById("upload-status");
  const button = form.querySelector("[type=submit]");
  const maxBytes = Number(form.dataset.maxBytes || 0);

  const say = (text, kind) => {
    status.textContent = text;
    status.className = "small " + (kind === "error" ? "text-danger" : "text-muted");
  };
  const setProgress = (percent) => {
    progress.setAttribute("aria-valuenow", String(percent));
    bar.style.width = percent + "%";
  };

  form.addEventListener("submit", (event) => {
    const file = input && input.files && input.files[0];
    if (!file) return; // let the server say "Choose a file"
    event.preventDefault();
    if (maxBytes && file.size > maxBytes) {
      say("That file is larger than " + Math.round(maxBytes / 1048576) + " MB. Upload a smaller file.", "error");
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("Accept", "application/json");
    progress.classList.remove("d-none");
    setProgress(0);
    button.disabled = true;
    say("Uploading…");
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      setProgress(percent);
      if (percent >= 100) {
        bar.classList.add("progress-bar-striped", "progress-bar-animated");
        say("Reading your resume…");
      }
    });
    xhr.addEventListener("load", () => {
      button.disabled = false;
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      if (xhr.status === 413) {
        progress.classList.add("d-none");
        say("That file is too large. Upload a smaller file.", "error");
        return;
      }
      let reply = null;
      try { reply = JSON.parse(xhr.responseText); } catch (err) { reply = null; }
      if (reply && reply.ok) {
        say(reply.message);
        window.location.assign(reply.redirect);
      } else {
        progress.classList.add("d-none");
        say((reply && reply.message) || "The upload failed. Reload the page and try again.", "error");
      }
    });
    xhr.addEventListener("error", () => {
      button.disabled = false;
      progress.classList.add("d-none");
      say("The upload was interrupted. Check your connection and try again.", "error");
    });
    xhr.send(new FormData(form));
  });
});
