// glutecoach pages work without JavaScript; this adds the hold/rest timers, turns a logging
// button off once pressed (the server ignores a second tap anyway) and guesses the timezone.
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  for (const button of form.querySelectorAll("button")) button.disabled = true;
});

function runTimer(button) {
  const total = Number(button.dataset.timer);
  const out = button.parentElement.querySelector(".timer-out");
  if (!out || !Number.isFinite(total)) return;
  let left = total;
  button.disabled = true;
  out.textContent = `${button.dataset.label}: ${left} s`;
  const tick = setInterval(() => {
    left -= 1;
    if (left > 0) { out.textContent = `${button.dataset.label}: ${left} s`; return; }
    clearInterval(tick);
    out.textContent = `${button.dataset.label}: done`;
    button.disabled = false;
    if (navigator.vibrate) navigator.vibrate(300);
  }, 1000);
}

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-timer]") : null;
  if (button) runTimer(button);
});

document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select[data-detect-timezone]");
  if (!select) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && [...select.options].some((o) => o.value === zone)) select.value = zone;
});

// A form sent back with a problem: put the cursor in the first field that needs fixing.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("[aria-invalid='true']");
  if (!field) return;
  const details = field.closest("details");
  if (details) details.open = true;
  field.focus();
});
