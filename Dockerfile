# orbitnet's container image: one static binary on an empty base, for the
# Kubernetes Jobs "orbitnet plan --k8s" writes (docs/scale-out.md).
#   docker build -t orbitnet:latest .
#   docker run --rm -v "$PWD/plan:/plan" orbitnet:latest worker /plan --shard 0
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=0.1.0-dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X orbitnet/cli.Version=${VERSION}" -o /out/orbitnet ./cmd/orbitnet

FROM scratch
COPY --from=build /out/orbitnet /orbitnet
# Workers run as an unprivileged user; the plan volume must be writable by it.
USER 65532:65532
ENTRYPOINT ["/orbitnet"]
