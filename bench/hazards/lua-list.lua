-- wrk script: sends the bearer token from TOKEN (list, get and stats requests alike).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
