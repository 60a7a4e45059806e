# UDP echo for the namespace tests: answers every datagram with "peer=IP:PORT " and the datagram. One socket per
# address and port, so each answer leaves from the address it was sent to (a wildcard socket would answer from the
# route's source address, which connected clients drop). Usage: udp_echo.py PORT[,PORT...] ADDRESS...
import socket, sys, threading
def serve(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(("peer=%s:%d " % (peer[0], peer[1])).encode() + data, peer)
threads = [threading.Thread(target=serve, args=(a, int(p)), daemon=True)
           for p in sys.argv[1].split(",") for a in sys.argv[2:]]
for t in threads:
    t.start()
print("listening", flush=True)
for t in threads:
    t.join()
