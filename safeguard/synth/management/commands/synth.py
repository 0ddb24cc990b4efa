from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguard.env import env_str
from safeguard.synth.demo import DEMO_LOGINS, DEMO_PASSWORD_DEFAULT, load_demo


class Command(BaseCommand):
    help = (
        "Synthetic data. `safeguard synth demo` loads the demo partnership; "
        "`safeguard synth extracts ...` writes agency extracts with ground truth (no database needed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["demo", "logins", "scale"])
        parser.add_argument("--people", type=int, default=0, help="scale: synthetic people to add (e.g. 1000000)")
        parser.add_argument("--seed", type=int, default=2017, help="scale: the same seed gives the same data")

    def handle(self, *args: Any, **options: Any) -> None:
        password = env_str("SAFEGUARD_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        if options["action"] == "scale":
            self._scale(password=password, people=options["people"], seed=options["seed"])
            return
        if options["action"] == "demo":
            try:
                load_demo(password=password, log=self.stdout.write)
            except Exception as exc:  # the transaction has rolled back; say so plainly
                raise CommandError(f"The demo could not be loaded and nothing was saved: {exc}") from exc
        self.stdout.write("")
        self.stdout.write("Demo logins (synthetic data only), all with password " + self.style.SUCCESS(password) + ":")
        for login in DEMO_LOGINS:
            roles = ", ".join(role.label for role in login.roles)
            self.stdout.write(f"  {login.username:<15} {login.name} – {roles} ({login.job_title})")

    def _scale(self, *, password: str, people: int, seed: int) -> None:
        # Imported here: only the scale command needs it.
        from safeguard.partnership.models import Partnership
        from safeguard.synth.scale import ScaleError, build_scale

        if people < 1:
            raise CommandError("Say how many people to add, e.g. `safeguard synth scale --people 1000000`.")
        try:
            load_demo(password=password, log=self.stdout.write)
            partnership = Partnership.objects.get(slug="darlington")
            self.stdout.write(f"Adding {people:,} synthetic people to {partnership.name} (seed {seed}):")
            build_scale(partnership=partnership, people=people, seed=seed, log=self.stdout.write)
        except ScaleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Scale data loaded."))
