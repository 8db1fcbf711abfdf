// Follows a video check while it runs: asks the API for its state every second and shows the
// stage and progress; reloads the page when it is done or failed (the report is then there).
"use strict";

(() => {
  const box = document.getElementById("job-progress");
  if (!box) return;
  const stages = { queued: "Waiting for a free worker", pose: "Finding your body in each frame", video: "Drawing the annotated video" };
  const bar = document.getElementById("job-bar");
  const stage = document.getElementById("job-stage");
  const poll = async () => {
    try {
      const answer = await fetch(`/api/checks/${box.dataset.job}`, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        const job = await answer.json();
        if (job.status === "done" || job.status === "failed") { window.location.reload(); return; }
        bar.value = job.progress;
        bar.textContent = `${Math.round(job.progress * 100)} %`;
        stage.textContent = job.status === "queued" ? stages.queued : `${stages[job.stage] || "Starting"} (${Math.round(job.progress * 100)} %)`;
      }
    } catch (error) { /* the server restarts: keep asking */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
})();
