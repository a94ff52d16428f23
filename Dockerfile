# syntax=docker/dockerfile:1
# Build: docker build -t baketracker .
# Run:   docker run -e DATABASE_URL=postgres://owner@db/baketracker -p 8080:8080 baketracker
# The image has no PostgreSQL of its own: DATABASE_URL is required. The
# container applies pending migrations, then serves (see README, "Roles").

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/baketracker ./cmd/baketracker

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/baketracker /baketracker
ENV BAKETRACKER_ADDR=:8080 \
    BAKETRACKER_DATA_DIR=/tmp/baketracker \
    LOG_FORMAT=json
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/baketracker"]
CMD ["serve"]
