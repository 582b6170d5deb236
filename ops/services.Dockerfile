# PostgreSQL and nginx from Debian's packages, for the compose topology (compose.yaml): the database
# the replicas share, and the one port in front of them. Built on the local Debian base image.
FROM local/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 nginx-light >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY ops/postgres-start.sh /usr/local/bin/postgres-start
COPY ops/nginx.conf.template /etc/nginx/social-reply.conf.template
ENV PATH=/usr/lib/postgresql/15/bin:$PATH
# compose-check removes the images of ours a rebuild replaced, by this label.
LABEL io.social-reply.image="services"
