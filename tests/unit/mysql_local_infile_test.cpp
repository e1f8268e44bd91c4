// LOAD DATA LOCAL reads only litelift's own in-memory rows: the local-infile
// handler refuses every file name a server may ask for but our statement's,
// and any request while none of our loads runs (a hostile server can answer
// any query with a LOCAL INFILE request for, say, /etc/passwd).
#include <gtest/gtest.h>

#include <cstring>

#include "engines/mysql/mysql_load_writer.hpp"

using litelift::MySQLLoadWriter;

TEST(MySQLLocalInfile, AnyOtherFileNameIsRefusedAndNamedInTheError) {
  MySQLLoadWriter writer{MySQLLoadWriter::Unconnected{}};
  for (const char* name : {"/etc/passwd", "litelift-stream/../../etc/passwd", "", "LITELIFT-STREAM"}) {
    SCOPED_TRACE(name);
    void* ptr = nullptr;
    EXPECT_NE(MySQLLoadWriter::infile_init(&ptr, name, &writer), 0);
    char msg[512] = {};
    MySQLLoadWriter::infile_error(ptr, msg, sizeof msg);
    EXPECT_EQ(std::string(msg), std::string("litelift refused the server's request for local file '") + name +
                                    "': it sends only its own rows");
    MySQLLoadWriter::infile_end(ptr);
  }
}

TEST(MySQLLocalInfile, OurOwnNameIsRefusedWhileNoLoadOfOursRuns) {
  MySQLLoadWriter writer{MySQLLoadWriter::Unconnected{}};
  void* ptr = nullptr;
  EXPECT_NE(MySQLLoadWriter::infile_init(&ptr, MySQLLoadWriter::kStreamName, &writer), 0);
  EXPECT_NE(MySQLLoadWriter::infile_init(&ptr, nullptr, &writer), 0);
}
