// Service wiring lands with the API issue.
import HTTPCore
