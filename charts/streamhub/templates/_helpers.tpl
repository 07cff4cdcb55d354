{{/* Names, labels and the facts every template shares. */}}

{{- define "streamhub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "streamhub.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component>, kept under 63 characters. */}}
{{- define "streamhub.componentName" -}}
{{- printf "%s-%s" (include "streamhub.fullname" .root | trunc (int (sub 62 (len .component)))) .component | trimSuffix "-" -}}
{{- end -}}

{{- define "streamhub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "streamhub.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{/* Labels on every object; pass (dict "root" $ "component" "<name>"), component may be empty. */}}
{{- define "streamhub.labels" -}}
{{ include "streamhub.selectorLabels" . }}
app.kubernetes.io/part-of: streamhub
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Peers that belong to this release: every pod the chart renders carries these labels. */}}
{{- define "streamhub.releasePeer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ include "streamhub.name" . }}
      app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "streamhub.image" -}}
{{- $repository := .Values.image.repository -}}
{{- if .Values.image.registry }}{{ $repository = printf "%s/%s" (trimSuffix "/" .Values.image.registry) $repository }}{{ end -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* "true" when the quick-start server .server runs in this release, "" otherwise. */}}
{{- define "streamhub.quickstart" -}}
{{- if and .root.Values.quickstart.enabled (index .root.Values.quickstart .server).enabled -}}true{{- end -}}
{{- end -}}

{{/*
The facts about each target that values cannot change: whether it serves gRPC, whether it is
stateless (may autoscale), and which secrets it reads (only the storage service holds S3 keys).
*/}}
{{- define "streamhub.targetFacts" -}}
gateway: { grpc: false, stateless: true, needs: [redis, cursors] }
auth: { grpc: true, stateless: true, needs: [database, redis, smtp] }
billing: { grpc: true, stateless: true, needs: [database, redis] }
files: { grpc: true, stateless: true, needs: [database, redis] }
storage: { grpc: true, stateless: true, needs: [s3] }
admin: { grpc: true, stateless: false, needs: [database] }
chat: { grpc: true, stateless: false, needs: [database] }
notifications: { grpc: true, stateless: false, needs: [database] }
ingest: { grpc: false, stateless: false, needs: [] }
worker: { grpc: false, stateless: false, needs: [database, redis] }
operator: { grpc: false, stateless: false, needs: [database, s3] }
{{- end -}}

{{/* The order targets are rendered in (maps are unordered; objects should not be). */}}
{{- define "streamhub.targetOrder" -}}
gateway auth billing files storage admin chat notifications ingest worker operator
{{- end -}}

{{/*
The Deployments to render, as a YAML list: in mode split one per enabled target; in mode all
one `all` Deployment running every target but the operator, plus the operator.
Each entry: name, targets (the --target argument), grpc, stateless, needs, values.
*/}}
{{- define "streamhub.deployments" -}}
{{- $facts := include "streamhub.targetFacts" . | fromYaml -}}
{{- $list := list -}}
{{- if eq .Values.mode "all" -}}
{{- $names := list -}}
{{- range $name := splitList " " (include "streamhub.targetOrder" .) -}}
{{- if and (ne $name "operator") (index $.Values.targets $name).enabled -}}{{- $names = append $names $name -}}{{- end -}}
{{- end -}}
{{- $list = append $list (dict "name" "all" "targets" (join "," $names) "grpc" true "stateless" false "needs" (list "database" "redis" "s3" "smtp" "cursors") "values" .Values.allInOne) -}}
{{- if .Values.targets.operator.enabled -}}
{{- $list = append $list (dict "name" "operator" "targets" "operator" "grpc" false "stateless" false "needs" $facts.operator.needs "values" .Values.targets.operator) -}}
{{- end -}}
{{- else -}}
{{- range $name := splitList " " (include "streamhub.targetOrder" .) -}}
{{- $values := index $.Values.targets $name -}}
{{- if $values.enabled -}}
{{- $fact := index $facts $name -}}
{{- $list = append $list (dict "name" $name "targets" $name "grpc" $fact.grpc "stateless" $fact.stateless "needs" $fact.needs "values" $values) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toYaml $list -}}
{{- end -}}

{{/* The Deployment that serves the REST API: the gateway, or the all-in-one process. */}}
{{- define "streamhub.gatewayComponent" -}}
{{- if eq .Values.mode "all" }}all{{ else }}gateway{{ end -}}
{{- end -}}

{{- define "streamhub.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- include "streamhub.componentName" . -}}
{{- else -}}
{{- default "default" .root.Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Where each system is: quick-start Service names, or the external settings. */}}
{{- define "streamhub.kafkaBrokers" -}}
{{- if include "streamhub.quickstart" (dict "root" . "server" "kafka") -}}
{{- printf "%s:9092" (include "streamhub.componentName" (dict "root" . "component" "kafka")) -}}
{{- else -}}
{{- .Values.external.kafka.brokers -}}
{{- end -}}
{{- end -}}

{{- define "streamhub.temporalAddress" -}}
{{- if include "streamhub.quickstart" (dict "root" . "server" "temporal") -}}
{{- printf "%s:7233" (include "streamhub.componentName" (dict "root" . "component" "temporal")) -}}
{{- else -}}
{{- .Values.external.temporal.address -}}
{{- end -}}
{{- end -}}

{{- define "streamhub.s3Endpoint" -}}
{{- if include "streamhub.quickstart" (dict "root" . "server" "minio") -}}
{{- printf "http://%s:9000" (include "streamhub.componentName" (dict "root" . "component" "minio")) -}}
{{- else -}}
{{- .Values.external.s3.endpoint -}}
{{- end -}}
{{- end -}}

{{/* Where clients reach S3: the MinIO Ingress host, the external public endpoint, or nothing (S3_ENDPOINT). */}}
{{- define "streamhub.s3PublicEndpoint" -}}
{{- if and .Values.ingress.enabled .Values.ingress.minio.enabled -}}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.minio.host -}}
{{- else if not (include "streamhub.quickstart" (dict "root" . "server" "minio")) -}}
{{- .Values.external.s3.publicEndpoint -}}
{{- end -}}
{{- end -}}

{{/* The chart's own Secret holds only what values give in clear text for external systems. */}}
{{- define "streamhub.secretName" -}}
{{- include "streamhub.componentName" (dict "root" . "component" "secrets") -}}
{{- end -}}

{{/* The generated-or-given secret value of a quick-start server, kept across upgrades via lookup. */}}
{{- define "streamhub.keepOrGenerate" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .secret -}}
{{- if .given -}}
{{- .given -}}
{{- else if and $existing (hasKey $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum (int .length) -}}
{{- end -}}
{{- end -}}

{{/*
Environment entries for one group of secrets (database, redis, s3 or smtp). Quick-start URLs are
composed by Kubernetes from a password variable declared just before them, so an existingSecret
holding only the password works too.
*/}}
{{- define "streamhub.secretEnv" -}}
{{- $root := .root -}}
{{- if eq .need "database" -}}
{{- if include "streamhub.quickstart" (dict "root" $root "server" "postgres") -}}
{{- $pg := $root.Values.quickstart.postgres }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "streamhub.componentName" (dict "root" $root "component" "postgres")) $pg.existingSecret }}
      key: {{ ternary $pg.existingSecretKey "password" (ne $pg.existingSecret "") }}
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s" $pg.username (include "streamhub.componentName" (dict "root" $root "component" "postgres")) $pg.database | quote }}
{{- else }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (default (include "streamhub.secretName" $root) .secretName) $root.Values.external.database.existingSecret }}
      key: {{ ternary $root.Values.external.database.existingSecretKey "DATABASE_URL" (ne $root.Values.external.database.existingSecret "") }}
{{- end -}}
{{- else if eq .need "redis" -}}
{{- if include "streamhub.quickstart" (dict "root" $root "server" "redis") -}}
{{- $redis := $root.Values.quickstart.redis }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "streamhub.componentName" (dict "root" $root "component" "redis")) $redis.existingSecret }}
      key: {{ ternary $redis.existingSecretKey "password" (ne $redis.existingSecret "") }}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s:6379" (include "streamhub.componentName" (dict "root" $root "component" "redis")) | quote }}
{{- else }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (include "streamhub.secretName" $root) $root.Values.external.redis.existingSecret }}
      key: {{ ternary $root.Values.external.redis.existingSecretKey "REDIS_URL" (ne $root.Values.external.redis.existingSecret "") }}
{{- end -}}
{{- else if eq .need "s3" -}}
{{- if include "streamhub.quickstart" (dict "root" $root "server" "minio") -}}
{{- $minio := $root.Values.quickstart.minio }}
{{- $name := default (include "streamhub.componentName" (dict "root" $root "component" "minio")) $minio.existingSecret }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary $minio.existingSecretUserKey "root-user" (ne $minio.existingSecret "") }}
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary $minio.existingSecretPasswordKey "root-password" (ne $minio.existingSecret "") }}
{{- else }}
{{- $s3 := $root.Values.external.s3 }}
{{- $name := default (include "streamhub.secretName" $root) $s3.existingSecret }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary $s3.existingSecretAccessKeyKey "S3_ACCESS_KEY" (ne $s3.existingSecret "") }}
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $name }}
      key: {{ ternary $s3.existingSecretSecretKeyKey "S3_SECRET_KEY" (ne $s3.existingSecret "") }}
{{- end -}}
{{- else if eq .need "cursors" -}}
- name: CURSOR_SIGNING_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "streamhub.componentName" (dict "root" $root "component" "cursor-key") }}
      key: key
{{- else if eq .need "smtp" -}}
{{- $smtp := $root.Values.external.smtp }}
{{- if or $smtp.url $smtp.existingSecret }}
- name: SMTP_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (include "streamhub.secretName" $root) $smtp.existingSecret }}
      key: {{ ternary $smtp.existingSecretKey "SMTP_URL" (ne $smtp.existingSecret "") }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "true" when the database URL comes from these values (so the chart renders it into a Secret). */}}
{{- define "streamhub.databaseUrlFromValues" -}}
{{- if and (not (include "streamhub.quickstart" (dict "root" . "server" "postgres"))) (not .Values.external.database.existingSecret) -}}true{{- end -}}
{{- end -}}

{{/* securityContext of a quick-start server running as the given uid. */}}
{{- define "streamhub.quickstartPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- /* The environment of one StreamHub Deployment beyond the shared ConfigMap: its secrets, the operator's identity, extras. */ -}}
{{- define "streamhub.targetEnv" -}}
{{- $root := .root -}}
{{- $d := .deployment -}}
{{- $ctx := dict "root" $root "component" $d.name -}}
{{- $values := $d.values -}}
{{- range $need := $d.needs }}
{{- include "streamhub.secretEnv" (dict "root" $root "need" $need) | trim | nindent 0 }}
{{- end }}
{{- if eq $d.name "operator" }}
# The operator watches, records Events and holds its Lease in the release namespace.
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_NAMESPACE
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: OPERATOR_NAMESPACE
  value: {{ $root.Release.Namespace | quote }}
- name: OPERATOR_LEASE_NAME
  value: {{ include "streamhub.componentName" $ctx | quote }}
# Plans reach billing through its gRPC API (billing owns the plans table), in either mode.
- name: BILLING_GRPC_URL
  value: {{ printf "http://%s:9090" (include "streamhub.componentName" (dict "root" $root "component" (ternary "all" "billing" (eq $root.Values.mode "all")))) | quote }}
{{- end }}
{{- with $root.Values.tracing.otlpEndpoint }}
# Passed through for the tracing of issue 15 (docs/helm.md#tracing); the chart only sets them.
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ printf "streamhub-%s" $d.name | quote }}
{{- end }}
{{- range $name, $value := $values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}
