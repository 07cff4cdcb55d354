{{/*
Early validation: combinations values.schema.json cannot express fail the install here, with a
message that says what to change. Called once from validate.yaml; renders nothing.
*/}}
{{- define "streamhub.validate" -}}
{{- $v := .Values -}}
{{- $problems := list -}}
{{- $qs := dict -}}
{{- range $server := list "postgres" "redis" "kafka" "minio" "temporal" -}}
{{- $_ := set $qs $server (include "streamhub.quickstart" (dict "root" $ "server" $server)) -}}
{{- end -}}

{{- /* Every system not deployed by the quick start needs its external settings. */ -}}
{{- $ext := $v.external -}}
{{- if not $qs.postgres -}}
{{- if and (not $ext.database.url) (not $ext.database.existingSecret) -}}
{{- $problems = append $problems "quick-start Postgres is off: set external.database.url or external.database.existingSecret" -}}
{{- else if and $ext.database.url $ext.database.existingSecret -}}
{{- $problems = append $problems "set only one of external.database.url and external.database.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if not $qs.redis -}}
{{- if and (not $ext.redis.url) (not $ext.redis.existingSecret) -}}
{{- $problems = append $problems "quick-start Redis is off: set external.redis.url or external.redis.existingSecret" -}}
{{- else if and $ext.redis.url $ext.redis.existingSecret -}}
{{- $problems = append $problems "set only one of external.redis.url and external.redis.existingSecret" -}}
{{- end -}}
{{- end -}}
{{- if and (not $qs.kafka) (not $ext.kafka.brokers) -}}
{{- $problems = append $problems "quick-start Kafka is off: set external.kafka.brokers (host:port,...)" -}}
{{- end -}}
{{- if not $qs.minio -}}
{{- if not $ext.s3.endpoint -}}
{{- $problems = append $problems "quick-start MinIO is off: set external.s3.endpoint" -}}
{{- end -}}
{{- if and (not $ext.s3.existingSecret) (or (not $ext.s3.accessKey) (not $ext.s3.secretKey)) -}}
{{- $problems = append $problems "quick-start MinIO is off: set external.s3.existingSecret, or both external.s3.accessKey and external.s3.secretKey" -}}
{{- else if and $ext.s3.existingSecret (or $ext.s3.accessKey $ext.s3.secretKey) -}}
{{- $problems = append $problems "set either external.s3.existingSecret or external.s3.accessKey/secretKey, not both" -}}
{{- end -}}
{{- end -}}
{{- if and (not $qs.temporal) (not $ext.temporal.address) -}}
{{- $problems = append $problems "quick-start Temporal is off: set external.temporal.address (host:port)" -}}
{{- end -}}

{{- /* The quick-start servers have no replication. */ -}}
{{- range $server := list "postgres" "redis" "kafka" "minio" "temporal" -}}
{{- if and (index $qs $server) (gt (int (index $v.quickstart $server).replicas) 1) -}}
{{- $problems = append $problems (printf "quickstart.%s.replicas must be 1: the quick-start servers are single-node; point external.* at a replicated server instead" $server) -}}
{{- end -}}
{{- end -}}
{{- if and $qs.minio (ne $v.platform.bucket.notification.arn "arn:minio:sqs::STREAMHUB:kafka") -}}
{{- $problems = append $problems "the quick-start MinIO registers its Kafka target as arn:minio:sqs::STREAMHUB:kafka: leave platform.bucket.notification.arn at that value" -}}
{{- end -}}

{{- /* Targets and modes. */ -}}
{{- range $name := list "gateway" "auth" "billing" "files" "storage" -}}
{{- $t := index $v.targets $name -}}
{{- if $t.autoscaling.enabled -}}
{{- if eq $v.mode "all" -}}
{{- $problems = append $problems (printf "targets.%s.autoscaling.enabled needs mode: split (in mode all one Deployment runs every target; scale it with allInOne.replicas)" $name) -}}
{{- end -}}
{{- if gt (int $t.autoscaling.minReplicas) (int $t.autoscaling.maxReplicas) -}}
{{- $problems = append $problems (printf "targets.%s.autoscaling.minReplicas is above maxReplicas" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and (eq $v.mode "split") (not $v.targets.gateway.enabled) -}}
{{- $problems = append $problems "targets.gateway.enabled is false: the gateway is StreamHub's only entry; keep it enabled" -}}
{{- end -}}
{{- if and $v.rbac.create $v.targets.operator.enabled (not $v.serviceAccount.create) (not $v.serviceAccount.name) -}}
{{- $problems = append $problems "serviceAccount.create is false: set serviceAccount.name so the operator's RoleBinding names an existing ServiceAccount" -}}
{{- end -}}

{{- /* Ingress. */ -}}
{{- $ing := $v.ingress -}}
{{- if $ing.enabled -}}
{{- if not $ing.gateway.host -}}
{{- $problems = append $problems "ingress.enabled needs ingress.gateway.host" -}}
{{- end -}}
{{- if and $ing.minio.enabled (not $ing.minio.host) -}}
{{- $problems = append $problems "ingress.minio.enabled needs ingress.minio.host" -}}
{{- end -}}
{{- if and $ing.temporalUi.enabled (not $ing.temporalUi.host) -}}
{{- $problems = append $problems "ingress.temporalUi.enabled needs ingress.temporalUi.host" -}}
{{- end -}}
{{- end -}}
{{- if and (or $ing.minio.enabled $ing.temporalUi.enabled) (not $ing.enabled) -}}
{{- $problems = append $problems "ingress.minio/temporalUi are parts of the Ingress: set ingress.enabled (and ingress.gateway.host) too" -}}
{{- end -}}
{{- if and $ing.minio.enabled (not $qs.minio) -}}
{{- $problems = append $problems "ingress.minio.enabled exposes the quick-start MinIO, which is off: set external.s3.publicEndpoint instead" -}}
{{- end -}}
{{- if and $ing.temporalUi.enabled (not $qs.temporal) -}}
{{- $problems = append $problems "ingress.temporalUi.enabled exposes the quick-start Temporal UI, which is off" -}}
{{- end -}}

{{- /* Plans. */ -}}
{{- $defaults := list -}}
{{- $names := dict -}}
{{- range $v.plans -}}
{{- if .default }}{{ $defaults = append $defaults .name }}{{ end -}}
{{- if hasKey $names .name }}{{ $problems = append $problems (printf "plans: %q is listed twice" .name) }}{{ end -}}
{{- $_ := set $names .name true -}}
{{- end -}}
{{- if gt (len $defaults) 1 -}}
{{- $problems = append $problems (printf "plans: at most one plan may be the default, found %s" (join ", " $defaults)) -}}
{{- end -}}

{{- /* Monitoring. */ -}}
{{- if and $v.serviceMonitor.enabled (not (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor")) -}}
{{- $problems = append $problems "serviceMonitor.enabled needs the Prometheus Operator's monitoring.coreos.com/v1 ServiceMonitor API, which this cluster does not serve: install the Prometheus Operator CRDs or set serviceMonitor.enabled=false" -}}
{{- end -}}
{{- if and $v.monitoring.prometheusRule.enabled (not (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/PrometheusRule")) -}}
{{- $problems = append $problems "monitoring.prometheusRule.enabled needs the Prometheus Operator's monitoring.coreos.com/v1 PrometheusRule API, which this cluster does not serve: install the Prometheus Operator CRDs or set monitoring.prometheusRule.enabled=false" -}}
{{- end -}}

{{- if $problems -}}
{{- fail (printf "\n\nstreamhub: invalid values:\n  - %s\n" (join "\n  - " $problems)) -}}
{{- end -}}
{{- end -}}
