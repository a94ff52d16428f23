# syntax=docker/dockerfile:1
# Build: docker build -t baketracker --build-arg VERSION=$(git describe --always) .
# Run:   docker run -e DATABASE_URL=postgres://owner@db/baketracker -p 8080:8080 baketracker
# The image has no PostgreSQL of its own: DATABASE_URL is required. The
# container applies pending migrations, then serves (docs/deploy.md).

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# CGO off: a static binary, which the distroless static image needs.
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/baketracker ./cmd/baketracker

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/baketracker /baketracker
# PORT, not BAKETRACKER_ADDR: platforms (Railway, Render, Cloud Run) set
# PORT, and BAKETRACKER_ADDR would override it.
ENV PORT=8080 \
    BAKETRACKER_DATA_DIR=/tmp/baketracker \
    LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot
# No shell or curl in the image: the binary checks its own /ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/baketracker", "healthcheck"]
ENTRYPOINT ["/baketracker"]
CMD ["serve"]
