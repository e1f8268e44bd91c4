#include "verify/verify_result.hpp"

namespace litelift {

int VerifyResult::bits() const {
  int b = 0;
  if (error) b |= kBitCouldNotRun;
  for (const auto& t : tables) {
    if (!t.counts_match) b |= kBitCountsDiffer;
    if (!t.rows_match()) b |= kBitRowsDiffer;
    if (!t.error.empty()) b |= kBitCouldNotRun;
  }
  for (const auto& o : orphans)
    if (o.side == "target" && !o.from_source) b |= kBitOrphans;
  for (const auto& i : integrity) b |= i.check == "orphans" ? kBitOrphans : kBitSchemaDiffers;
  if (!schema.empty()) b |= kBitSchemaDiffers;
  for (const auto& d : drift)
    if (d.what == "schema" || d.what == "table added" || d.what == "table removed") b |= kBitSchemaDiffers;
  return b;
}

int VerifyResult::exit_code() const {
  int b = bits();
  return b == 0 ? kExitOk : kExitVerifyBase + b;
}

}  // namespace litelift
