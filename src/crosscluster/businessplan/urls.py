from django.urls import URLPattern, URLResolver

app_name = "businessplan"
urlpatterns: list[URLPattern | URLResolver] = []
