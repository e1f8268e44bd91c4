#include "mapping/error.hpp"

namespace litelift {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
      return kExitUsage;
    case ErrorKind::SourceMissing:
      return kExitSourceMissing;
    case ErrorKind::SourceInvalid:
      return kExitSourceInvalid;
    case ErrorKind::TargetConnect:
      return kExitTargetUnreachable;
    case ErrorKind::Target:
      return kExitTarget;
    case ErrorKind::Locked:
      return kExitLocked;
    case ErrorKind::Interrupted:
      return kExitInterrupted;
    case ErrorKind::Data:
      return kExitProblems;
    case ErrorKind::Mismatch:
      return kExitProblems;
    case ErrorKind::Internal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace litelift
