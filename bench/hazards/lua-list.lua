-- wrk script: a filtered list page (territory + status) with the bearer token from TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
