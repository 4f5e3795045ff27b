variable "region" {
  description = "The AWS region of the shop's data"
  type        = string
  default     = "eu-west-1" # @policy hosting.region
}

variable "environment" {
  description = "Deployment environment"
  type        = string
  default     = "production"
}
