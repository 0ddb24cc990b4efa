from django.apps import AppConfig


class YearlyReportConfig(AppConfig):
    name = "safeguard.yearly_report"
    label = "yearly_report"
    verbose_name = "The partnership's yearly report"
