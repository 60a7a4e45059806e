# Answers every connection with the address it came from ("peer=IP") and closes: shows which hop a flow left
# the chain from.
import socket, sys, threading
port = int(sys.argv[1])
srv = socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
while True:
    c, addr = srv.accept()
    ip = addr[0][7:] if addr[0].startswith("::ffff:") else addr[0]
    c.sendall(("peer=" + ip + "\n").encode())
    c.close()
