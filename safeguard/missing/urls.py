from django.urls import path

from safeguard.missing import views

app_name = "missing"
urlpatterns = [
    path("", views.index, name="index"),
    path("interviews/", views.worklist, name="worklist"),
    path("record/", views.find_child, name="find"),
    path("record/new-child/", views.add_child, name="add_child"),
    path("record/<int:person_pk>/", views.record, name="record"),
    path("episodes/", views.episodes, name="episodes"),
    path("episodes.csv", views.episodes_export, name="episodes_export"),
    path("episodes/<int:pk>/", views.episode, name="episode"),
    path("episodes/<int:pk>/return/", views.episode_return, name="return"),
    path("episodes/<int:pk>/return/correct/", views.episode_reopen, name="reopen"),
    path("episodes/<int:pk>/risk-grade/", views.regrade, name="regrade"),
    path("episodes/<int:pk>/category/", views.recategorise, name="recategorise"),
    path("episodes/<int:pk>/interview/", views.rhi, name="rhi"),
    path("episodes/<int:pk>/interview/provider/", views.rhi_provider, name="rhi_provider"),
    path("episodes/<int:pk>/share-with-police/", views.share, name="share"),
    path("police-pushes/", views.held_pushes, name="held_pushes"),
    path("police-pushes/<int:pk>/", views.held_push, name="held_push"),
    path("shared-with-police/", views.shared, name="shared"),
    path("shared-with-police/<int:pk>/", views.shared_detail, name="shared_detail"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles.csv", views.profiles_export, name="profiles_export"),
    path("profiles/<int:person_pk>/", views.profile, name="profile"),
    path("profiles/<int:person_pk>/change/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:person_pk>/photo/", views.profile_photo, name="profile_photo"),
    path("profiles/<int:person_pk>/photo/image/", views.profile_photo_image, name="profile_photo_image"),
    path("profiles/<int:person_pk>/locations/new/", views.location_add, name="location_add"),
    path("profiles/<int:person_pk>/locations/<int:pk>/remove/", views.location_remove, name="location_remove"),
    path("export/", views.export, name="export"),
]
