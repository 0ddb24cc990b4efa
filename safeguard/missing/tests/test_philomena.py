from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from safeguard.audit.models import Action, AuditEvent
from safeguard.core.testing import BaseTestCase
from safeguard.missing import services
from safeguard.missing.models import Category, Episode, PhilomenaProfile, RiskGrade
from safeguard.missing.photos import PhotoRejected, clean_photo


def photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    gps = {1: "N", 2: (54.0, 31.0, 30.0), 3: "W", 4: (1.0, 33.0, 10.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


class PhilomenaTests(BaseTestCase):
    def setUp(self) -> None:
        self.profile = services.profile_save(
            actor=self.charlie, person=self.child, fields={"description": "Freckles, long red hair"}
        )

    def go_missing(self) -> None:
        now = timezone.now()
        services.episode_record(
            actor=self.charlie,
            agency=self.world.childrens,
            person=self.child,
            data=services.EpisodeInput(
                category=Category.MISSING,
                risk_grade=RiskGrade.HIGH,
                reported_at=now - dt.timedelta(hours=1),
                started_at=now - dt.timedelta(hours=2),
                clothing="Green parka",
            ),
        )

    def test_police_cannot_open_the_profile_of_a_child_who_is_not_missing(self) -> None:
        self.login(self.bob)
        assert self.client.get(reverse("missing:profile", args=[self.child.pk])).status_code == 404
        self.assertNotContains(self.client.get(reverse("missing:profiles")), "Amelia")

    def test_police_see_the_whole_profile_while_the_child_is_missing_and_every_view_is_audited(self) -> None:
        self.go_missing()
        self.login(self.bob)
        response = self.client.get(reverse("missing:profile", args=[self.child.pk]))
        self.assertContains(response, "Freckles, long red hair")
        self.assertContains(response, "Green parka")
        assert AuditEvent.objects.filter(actor=self.bob, action=Action.VIEW, person_id=self.child.pk).exists()

    def test_police_lose_sight_of_the_profile_when_the_child_returns(self) -> None:
        self.go_missing()
        episode = Episode.objects.get(person=self.child)
        services.episode_return(
            actor=self.charlie, episode=episode, ended_at=timezone.now(), found_place="Home", found_how=""
        )
        self.login(self.bob)
        assert self.client.get(reverse("missing:profile", args=[self.child.pk])).status_code == 404

    def test_an_uploaded_photo_is_re_encoded_without_its_location(self) -> None:
        original = photo_with_gps()
        assert 0x8825 in Image.open(io.BytesIO(original)).getexif()
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:profile_photo", args=[self.child.pk]),
            {"photo": SimpleUploadedFile("IMG_0001.jpg", original, content_type="image/jpeg")},
        )
        self.assertRedirects(response, reverse("missing:profile", args=[self.child.pk]))
        profile = PhilomenaProfile.objects.get()
        assert "IMG_0001" not in profile.photo.name
        with default_storage.open(profile.photo.name, "rb") as stored:
            saved = Image.open(io.BytesIO(stored.read()))
            assert dict(saved.getexif()) == {}
        served = self.client.get(reverse("missing:profile_photo_image", args=[self.child.pk]))
        assert served["Content-Type"] == "image/jpeg"
        assert "no-store" in served["Cache-Control"]
        assert AuditEvent.objects.filter(summary="Viewed the Philomena profile photo").exists()
        # Another agency of the partnership cannot fetch it.
        self.login(self.ivan)
        assert self.client.get(reverse("missing:profile_photo_image", args=[self.child.pk])).status_code == 404

    def test_a_file_that_is_not_a_photo_is_refused_with_a_clear_message(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:profile_photo", args=[self.child.pk]),
            {"photo": SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")},
        )
        self.assertContains(response, "must be a photo", status_code=400)

    def test_a_photo_whose_decoder_fails_in_an_unexpected_way_is_refused_not_a_crash(self) -> None:
        # A malformed EXIF block makes Pillow raise TypeError while turning the photo upright.
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="JPEG")
        with (
            mock.patch("safeguard.missing.photos.ImageOps.exif_transpose", side_effect=TypeError("fill character")),
            self.assertRaisesMessage(PhotoRejected, "could not be read"),
        ):
            clean_photo(buffer.getvalue())

    @override_settings(SAFEGUARD_MAX_PHOTO_MB=1)
    def test_a_huge_file_is_refused_with_a_clear_message(self) -> None:
        self.login(self.charlie)
        response = self.client.post(
            reverse("missing:profile_photo", args=[self.child.pk]),
            {"photo": SimpleUploadedFile("big.jpg", b"\xff" * (1024 * 1024 + 1), content_type="image/jpeg")},
        )
        self.assertContains(response, "smaller than 1 MB", status_code=400)

    def test_carers_keep_risk_assessed_locations(self) -> None:
        self.login(self.charlie)
        today = timezone.localdate()
        response = self.client.post(
            reverse("missing:location_add", args=[self.child.pk]),
            {
                "name": "Bus station",
                "risk": "high",
                "assessed_on_day": today.day,
                "assessed_on_month": today.month,
                "assessed_on_year": today.year,
            },
        )
        self.assertRedirects(response, reverse("missing:profile", args=[self.child.pk]))
        location = self.profile.locations.get()
        self.client.post(reverse("missing:location_remove", args=[self.child.pk, location.pk]))
        assert not self.profile.locations.exists()
