from django.urls import path

from safeguard.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/terms/new/", views.terms_new, name="terms_new"),
    path("groups/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_new, name="agenda_new"),
    path("meetings/<int:pk>/attendance/new/", views.attendance_new, name="attendance_new"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/board-pack.docx", views.board_pack, name="board_pack"),
    path("meetings/<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("meetings/<int:pk>/headlines/new/", views.headline_new, name="headline_new"),
    path("papers/<int:pk>/", views.paper, name="paper"),
    path("actions/", views.action_log, name="actions"),
    path("actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("manage/bulletins/", views.bulletins_manage, name="bulletins_manage"),
    path("manage/bulletins/compose/", views.bulletin_compose, name="bulletin_compose"),
    path("manage/bulletins/<int:pk>/", views.bulletin_edit, name="bulletin_edit"),
    path("manage/bulletins/<int:pk>/sections/new/", views.section_edit, name="section_new"),
    path("manage/bulletins/<int:pk>/sections/<int:section>/", views.section_edit, name="section_edit"),
    path("manage/bulletins/<int:pk>/preview/", views.bulletin_preview, name="bulletin_preview"),
    path("manage/bulletins/<int:pk>/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("subscription/", views.subscription, name="subscription"),
    # Public pages: no sign-in.
    path("bulletins/", views.bulletin_partnerships, name="bulletin_partnerships"),
    path("bulletins/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("bulletins/confirm/<str:token>/", views.confirm, name="confirm"),
    path("bulletins/<slug:partnership>/", views.bulletin_archive, name="bulletin_archive"),
    path("bulletins/<slug:partnership>/sign-up/", views.sign_up, name="sign_up"),
    path("bulletins/<slug:partnership>/<int:number>/", views.bulletin, name="bulletin"),
    path("bulletins/<slug:partnership>/<int:number>/bulletin.docx", views.bulletin_word, name="bulletin_word"),
]
