"""The web app: FastAPI, server-rendered pages for runners on a phone, and a JSON API.

Routes call services only: no rule, threshold or query lives in a route. ``create_app`` builds
the app for one database; ``glutecoach serve`` runs it with uvicorn.
"""
