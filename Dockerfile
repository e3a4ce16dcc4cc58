# Build stage: the jar, with the tests left to CI (mvn -B verify).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY conf conf
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/asta-spotify.jar /app/asta-spotify.jar
COPY conf /app/conf
# REST API, Hazelcast member port, event bus port.
EXPOSE 8010 5701 5702
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/asta-spotify.jar"]
