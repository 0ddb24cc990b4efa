import { initAll } from "/static/govuk/govuk-frontend.min.js";

// Every button ignores a second click within a second: on a busy day a double click must not
// record an episode, a person or a decision twice (services still refuse duplicates where they can).
initAll({ button: { preventDoubleClick: true } });
