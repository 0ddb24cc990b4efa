// The wash run's progress page: poll the run's small JSON status and update the progress bar in
// place, announcing changes in a polite live region, instead of reloading the whole page (a timed
// meta refresh is WCAG failure F41; <noscript> keeps it for browsers without script).
// When the run ends the page reloads once, to show the results or the error.
const box = document.querySelector("[data-sg-run-progress]");
if (box) {
  const url = box.getAttribute("data-sg-run-progress");
  const label = document.getElementById("run-progress-label");
  const bar = document.getElementById("run-progress");
  const live = document.getElementById("run-progress-live");
  let lastAnnounced = "";
  let lastPercent = -1;

  const poll = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      const run = await response.json();
      label.textContent = run.message;
      bar.value = run.percent;
      bar.textContent = `${run.percent}%`;
      // Announce a change of stage, or every tenth of the way, not every poll: a screen reader
      // user should hear progress, not a stream of numbers.
      const step = Math.floor(run.percent / 10);
      if (!run.active || run.message.split(" (")[0] !== lastAnnounced.split(" (")[0] || step !== lastPercent) {
        live.textContent = run.message;
        lastAnnounced = run.message;
        lastPercent = step;
      }
      if (!run.active) {
        window.setTimeout(() => window.location.reload(), 1000);
        return;
      }
    } catch (error) {
      live.textContent = "Could not check the run's progress: trying again. Refresh the page if this stays.";
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
