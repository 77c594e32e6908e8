# syntax=docker/dockerfile:1

FROM eclipse-temurin:17-jdk AS build
WORKDIR /build

COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml lombok.config ./
RUN ./mvnw -B -q dependency:go-offline

COPY src/ src/
COPY db/ db/
COPY frontend/ frontend/
RUN ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/slipway-*.jar extract --layers --launcher --destination extracted


FROM eclipse-temurin:17-jre

RUN groupadd --gid 10001 slipway \
    && useradd --uid 10001 --gid slipway --home-dir /app --no-create-home --shell /usr/sbin/nologin slipway

WORKDIR /app

# Least frequently changing layers first, so rebuilds only replace the application layer.
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./

USER slipway

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080

# curl ships in the Temurin 17 images (it was dropped from 22 onwards).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1

ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
