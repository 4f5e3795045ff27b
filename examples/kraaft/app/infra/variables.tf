variable "exports_location" {
  description = "Azure region of the report exports storage account."
  type        = string
  default     = "francecentral"  # @policy hosting.region
}
