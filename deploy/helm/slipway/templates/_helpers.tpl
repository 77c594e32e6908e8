{{- define "slipway.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slipway.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "slipway.labels" -}}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slipway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "slipway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Slipway's settings as application.properties; a Secret's values come in as environment variables instead. */}}
{{- define "slipway.properties" -}}
spring.datasource.url={{ .Values.database.url }}
spring.datasource.hikari.maximum-pool-size={{ .Values.database.maximumPoolSize }}
management.server.port={{ .Values.managementPort }}
slipway.trusted-proxies={{ join "," .Values.trustedProxies }}
{{- if .Values.cluster.inCluster }}
slipway.deploy.clusters.{{ .Values.cluster.name }}.in-cluster=true
{{- else }}
slipway.deploy.clusters.{{ .Values.cluster.name }}.kubeconfig=/etc/slipway/kubeconfig/{{ .Values.cluster.kubeconfigKey }}
{{- with .Values.cluster.context }}
slipway.deploy.clusters.{{ $.Values.cluster.name }}.context={{ . }}
{{- end }}
{{- end }}
{{- range $name, $value := .Values.config }}
{{ $name }}={{ $value }}
{{- end }}
{{- end }}
