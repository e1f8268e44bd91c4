# litelift in a container: a build stage with the -dev packages, a runtime
# stage with the binary, the shared libraries it needs (objdump -p NEEDED,
# mapped to Debian 12 packages; tests/container/check_container.py keeps this
# list in step with the binary) and a non-root user.
#   docker build -t litelift .
#   docker run --rm -v "$PWD:/data:ro" -e PGPASSWORD litelift migrate /data/app.db --target postgresql://app@db/app
# See docker-compose.example.yml for the run-once pattern.

FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config \
      libsqlite3-dev libsqlitecpp-dev libpq-dev libmariadb-dev \
      libboost-program-options-dev libicu-dev libtbb-dev \
      nlohmann-json3-dev libfmt-dev libxxhash-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
RUN cmake --build /build -j"$(nproc)" --target litelift

FROM debian:12-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates \
      libboost-program-options1.74.0 libfmt9 libicu72 libmariadb3 libpq5 libsqlite3-0 libtbb12 libxxhash0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 litelift \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin litelift
COPY --from=build /build/litelift /usr/local/bin/litelift
WORKDIR /data
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/litelift"]
CMD ["--help"]
